package org.iokit4j.tools;

/**
 * The trace page's inline style sheet and script ({@link TracePage}): constants, so the page needs nothing else. The
 * script only highlights an event together with the one it is linked to ({@code data-link}, an id of the page).
 */
final class TraceStyle {
    static final String CSS = """
            body{font:13px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:16px;color:#1d1d1f;\
            background:#fff}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px}
            .meta{color:#555;margin:0 0 8px}
            .axis{display:flex;justify-content:space-between;margin-left:260px;color:#777;font-size:11px}
            .lane{display:flex;align-items:center;border-top:1px solid #eee;min-height:26px}
            .lane-label{width:250px;flex:none;padding-right:10px;font-size:12px;color:#333;overflow:hidden;\
            text-overflow:ellipsis;white-space:nowrap}
            .track{position:relative;flex:1;height:22px;background:#fafafa}
            .bar{position:absolute;top:3px;height:16px;min-width:3px;box-sizing:border-box;background:#4a90d9;\
            color:#fff;font-size:10px;line-height:16px;padding:0 2px;border-radius:3px;overflow:hidden;\
            white-space:nowrap;text-overflow:clip;text-decoration:none}
            .bar.instant{background:#8e8e93;min-width:6px}
            .bar.fail{background:#d0021b}
            .bar.hl,tr.hl td{outline:2px solid #f5a623}
            #failures li{margin-bottom:6px}.code{color:#d0021b}
            .explanation{color:#333;background:#fff4f4;border-left:3px solid #d0021b;padding:4px 8px;margin-top:2px;\
            white-space:pre-wrap}
            table{border-collapse:collapse;width:100%;font-size:12px}
            th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
            th{background:#f2f2f2}tr.fail td{background:#fff0f0}
            .field{display:inline-block;margin-right:6px}.field i{color:#666;font-style:normal}
            """;

    static final String SCRIPT = """
            (function(){
              function pair(el){var out=[el];var id=el.id.replace('bar-','');
                var link=el.getAttribute('data-link');
                [id,'bar-'+id,link,link?'bar-'+link:null].forEach(function(x){
                  var o=x?document.getElementById(x):null;if(o&&out.indexOf(o)<0){out.push(o);}});
                return out;}
              document.querySelectorAll('[data-link],.bar').forEach(function(el){
                el.addEventListener('mouseenter',function(){pair(el).forEach(function(o){o.classList.add('hl');});});
                el.addEventListener('mouseleave',function(){pair(el).forEach(function(o){o.classList.remove('hl');});});
              });
            })();
            """;

    private TraceStyle() {
    }
}
