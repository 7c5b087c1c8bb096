// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.RawTensor;
import org.tensorflow.SparseTensor;
import org.tensorflow.TensorMapper;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.annotation.TensorType;
import org.tensorflow.types.family.TType;

/**
 * TensorFlow's {@code DT_VARIANT} as a TF Java tensor type. TF Java 1.1.0 has none, and without one a
 * {@link org.tensorflow.ConcreteFunction} with a TensorList input (a recurrent loop's accumulator)
 * fails with "No tensor type has been registered for data type DT_VARIANT". Only graphs use it: no
 * variant tensor is ever read into Java.
 *
 * <p>Public only because TF Java instantiates the mapper reflectively; not part of Strata's API.
 */
@TensorType(dataType = DataType.DT_VARIANT, byteSize = -1, mapperClass = TVariant.Mapper.class)
public interface TVariant extends TType {
    /** Registers the type with TF Java once (through reflection: the registry has no public hook). */
    static void register() {
        Registration.ONCE.hashCode();
    }

    /** A mapper that refuses: variant tensors stay inside the graph. */
    final class Mapper extends TensorMapper<TVariant> {
        /** Instantiated by TF Java's type registry. */
        public Mapper() {}

        @Override
        protected TVariant mapDense(RawTensor tensor) {
            throw new UnsupportedOperationException("strata: a DT_VARIANT tensor cannot be read into Java");
        }

        @Override
        protected SparseTensor<TVariant> mapSparse(TInt64 indices, TVariant values, TInt64 denseShape,
                PointerScope scope) {
            throw new UnsupportedOperationException("strata: a DT_VARIANT tensor cannot be read into Java");
        }
    }

    /** Holder idiom: the registration runs once, on first use. */
    final class Registration {
        static final Object ONCE = registerNow();

        private Registration() {}

        private static Object registerNow() {
            try {
                Class<?> registry = Class.forName("org.tensorflow.internal.types.registry.TensorTypeRegistry");
                try {
                    registry.getMethod("find", DataType.class).invoke(null, DataType.DT_VARIANT);
                    return Boolean.TRUE; // a later TF Java registers variants itself
                } catch (java.lang.reflect.InvocationTargetException notRegistered) {
                    java.lang.reflect.Method register = registry.getDeclaredMethod("register", Class.class);
                    register.setAccessible(true);
                    register.invoke(null, TVariant.class);
                    return Boolean.TRUE;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("strata: cannot register DT_VARIANT with TF Java's type registry "
                        + "(needed by recurrent layers run as loops); run with -Dstrata.rnn.unroll=always to unroll "
                        + "them instead", e);
            }
        }
    }
}
