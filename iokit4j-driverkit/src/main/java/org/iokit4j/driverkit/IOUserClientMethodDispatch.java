package org.iokit4j.driverkit;

/**
 * One entry of a user client's method table: the function and the checks the base {@code ExternalMethod} makes
 * before calling it (apple-semantics.md §6.2; order decided in contract.md §3 point 1).
 *
 * <p>Each check is a C {@code uint32_t}: {@link IOUserClient#kIOUserClientVariableStructureSize}
 * ({@code 0xFFFFFFFF}, the int {@code -1}) means "don't care"; any other value must equal the call's. For
 * {@code checkCompletionExists}: 0 means the call must carry no completion, {@code -1} don't care, anything else
 * that it must carry one.
 *
 * {@snippet :
 * static final IOUserClientMethodDispatch[] METHODS = {
 *     IOUserClientMethodDispatch.builder(MyUserClient::staticRegisterAsyncCallback)
 *         .checkCompletionExists(true)
 *         .checkStructureOutputSize(ReadDataStruct.SIZE)
 *         .build(),
 * };
 * }
 *
 * @param function                 what runs when every check passes, or {@code null}.
 * @param checkCompletionExists    0: no completion allowed; -1: either; any other value: required.
 * @param checkScalarInputCount    the scalar input count required, or {@code kIOUserClientVariableStructureSize}
 *                                 for any (so for each check below).
 * @param checkStructureInputSize  the structure input size required.
 * @param checkScalarOutputCount   the scalar output capacity required.
 * @param checkStructureOutputSize the structure output capacity required.
 */
public record IOUserClientMethodDispatch(
        IOUserClientMethodFunction function,
        int checkCompletionExists,
        int checkScalarInputCount,
        int checkStructureInputSize,
        int checkScalarOutputCount,
        int checkStructureOutputSize) {

    /**
     * {@return a builder for an entry calling {@code function}; unset checks are 0, as in a C initializer}
     *
     * @param function what runs when every check passes.
     */
    public static Builder builder(IOUserClientMethodFunction function) {
        return new Builder(function);
    }

    /** Builds an {@link IOUserClientMethodDispatch}; every setter is named after its record component. */
    public static final class Builder {
        private final IOUserClientMethodFunction function;
        private int checkCompletionExists;
        private int checkScalarInputCount;
        private int checkStructureInputSize;
        private int checkScalarOutputCount;
        private int checkStructureOutputSize;

        private Builder(IOUserClientMethodFunction function) {
            this.function = function;
        }

        /**
         * Sets {@code checkCompletionExists} (0, -1 for don't care, or any other value for "required").
         *
         * @param value 0: no completion allowed; -1: either; any other value: required.
         * @return this builder.
         */
        public Builder checkCompletionExists(int value) {
            this.checkCompletionExists = value;
            return this;
        }

        /**
         * Sets {@code checkCompletionExists} to 1 ({@code true}) or 0 ({@code false}).
         *
         * @param required whether the call must carry a completion.
         * @return this builder.
         */
        public Builder checkCompletionExists(boolean required) {
            return checkCompletionExists(required ? 1 : 0);
        }

        /**
         * Sets {@code checkScalarInputCount}.
         *
         * @param value the value the table entry checks against.
         * @return this builder.
         */
        public Builder checkScalarInputCount(int value) {
            this.checkScalarInputCount = value;
            return this;
        }

        /**
         * Sets {@code checkStructureInputSize}.
         *
         * @param value the value the table entry checks against.
         * @return this builder.
         */
        public Builder checkStructureInputSize(int value) {
            this.checkStructureInputSize = value;
            return this;
        }

        /**
         * Sets {@code checkScalarOutputCount}.
         *
         * @param value the value the table entry checks against.
         * @return this builder.
         */
        public Builder checkScalarOutputCount(int value) {
            this.checkScalarOutputCount = value;
            return this;
        }

        /**
         * Sets {@code checkStructureOutputSize}.
         *
         * @param value the value the table entry checks against.
         * @return this builder.
         */
        public Builder checkStructureOutputSize(int value) {
            this.checkStructureOutputSize = value;
            return this;
        }

        /** {@return the entry} */
        public IOUserClientMethodDispatch build() {
            return new IOUserClientMethodDispatch(function, checkCompletionExists, checkScalarInputCount,
                    checkStructureInputSize, checkScalarOutputCount, checkStructureOutputSize);
        }
    }
}
