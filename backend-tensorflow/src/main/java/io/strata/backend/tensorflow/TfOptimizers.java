// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.backend.Tensor;
import io.strata.optimizers.Adadelta;
import io.strata.optimizers.Adagrad;
import io.strata.optimizers.Adam;
import io.strata.optimizers.Adamax;
import io.strata.optimizers.Nadam;
import io.strata.optimizers.Optimizer;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operation;
import org.tensorflow.Output;

/**
 * Keras 2.2's update rules as graph ops. Where a fused TensorFlow op computes exactly Keras's formula
 * it is used (SGD with momentum: {@code ResourceApplyKerasMomentum}; Adagrad: {@code ResourceApplyAdagradV2};
 * Adadelta, Adam, Adamax; RMSprop through {@code ResourceApplyAdam}, see below); where none does, the rule
 * is composed from elementwise ops (Nadam; AMSGrad).
 */
final class TfOptimizers {
    private final TfGraphBuilder g;
    private final TfOps ops;
    private final TfVariables vars;

    TfOptimizers(TfGraphBuilder g, TfOps ops, TfVariables vars) {
        this.g = g;
        this.ops = ops;
        this.vars = vars;
    }

    /**
     * The update ops for every trainable variable.
     *
     * @param lr the decayed learning rate {@code lr / (1 + decay * iterations)}
     * @param t the step number {@code iterations + 1}, as a float
     */
    List<Operation> apply(Optimizer<?> optimizer, List<Output<?>> handles, List<Output<?>> grads, Tensor lr, Tensor t) {
        List<Operation> updates = new ArrayList<>();
        List<Output<?>> clipped = clip(optimizer, grads);
        Tensor one = ops.constant(1f);
        if (optimizer instanceof Nadam n) {
            float b1 = (float) n.beta1();
            Tensor decayBase = ops.constant(0.96f);
            Tensor sd = ops.constant((float) n.scheduleDecay());
            Tensor cacheT = ops.mul(ops.constant(b1), ops.sub(one,
                    ops.mul(ops.constant(0.5f), ops.pow(decayBase, ops.mul(t, sd)))));
            Tensor cacheT1 = ops.mul(ops.constant(b1), ops.sub(one,
                    ops.mul(ops.constant(0.5f), ops.pow(decayBase, ops.mul(ops.add(t, one), sd)))));
            Output<?> scheduleHandle = vars.sharedScalar("m_schedule", 1f);
            Tensor schedule = new TfTensor(vars.read(scheduleHandle));
            Tensor scheduleNew = ops.mul(schedule, cacheT);
            Tensor scheduleNext = ops.mul(scheduleNew, cacheT1);
            updates.add(vars.assign(scheduleHandle, out(scheduleNew)));
            for (int i = 0; i < handles.size(); i++) {
                Output<?> h = handles.get(i);
                Tensor p = new TfTensor(vars.read(h));
                Tensor gr = new TfTensor(clipped.get(i));
                Output<?> mH = vars.slot(h, "m", 0f);
                Output<?> vH = vars.slot(h, "v", 0f);
                Tensor m = new TfTensor(vars.read(mH));
                Tensor v = new TfTensor(vars.read(vH));
                Tensor gPrime = ops.div(gr, ops.sub(one, scheduleNew));
                Tensor mT = ops.add(ops.mul(ops.constant(b1), m), ops.mul(ops.constant(1 - b1), gr));
                Tensor mTPrime = ops.div(mT, ops.sub(one, scheduleNext));
                float b2 = (float) n.beta2();
                Tensor vT = ops.add(ops.mul(ops.constant(b2), v), ops.mul(ops.constant(1 - b2), ops.square(gr)));
                Tensor vTPrime = ops.div(vT, ops.sub(one, ops.pow(ops.constant(b2), t)));
                Tensor mBar = ops.add(ops.mul(ops.sub(one, cacheT), gPrime), ops.mul(cacheT1, mTPrime));
                Tensor pT = ops.sub(p, ops.div(ops.mul(lr, mBar),
                        ops.add(ops.sqrt(vTPrime), ops.constant((float) n.epsilon()))));
                updates.add(vars.assign(mH, out(mT)));
                updates.add(vars.assign(vH, out(vT)));
                updates.add(vars.assign(h, out(pT)));
            }
            return updates;
        }
        for (int i = 0; i < handles.size(); i++) {
            Output<?> h = handles.get(i);
            Output<?> gr = clipped.get(i);
            updates.add(applyOne(optimizer, h, gr, lr, t));
        }
        return updates;
    }

    private Operation applyOne(Optimizer<?> optimizer, Output<?> h, Output<?> grad, Tensor lr, Tensor t) {
        Tensor one = ops.constant(1f);
        if (optimizer instanceof SGD s) {
            if (s.momentum() == 0 && !s.nesterov()) {
                return g.op("ResourceApplyGradientDescent").in(h).in(out(lr)).in(grad).build();
            }
            Output<?> accum = vars.slot(h, "momentum", 0f);
            return g.op("ResourceApplyKerasMomentum").in(h).in(accum).in(out(lr)).in(grad)
                    .in(g.scalar((float) s.momentum())).attr("use_nesterov", s.nesterov()).build();
        }
        if (optimizer instanceof RMSprop r && r.centered()) {
            // Centered: a = rho a + (1 - rho) g², mg = rho mg + (1 - rho) g, p -= lr g / (sqrt(a - mg²) + eps).
            Output<?> a = vars.slot(h, "accumulator", 0f);
            Output<?> mg = vars.slot(h, "mg", 0f);
            Tensor gr = new TfTensor(grad);
            Tensor rho = ops.constant((float) r.rho());
            Tensor oneMinusRho = ops.constant((float) (1 - r.rho()));
            Tensor aT = ops.add(ops.mul(rho, new TfTensor(vars.read(a))), ops.mul(oneMinusRho, ops.square(gr)));
            Tensor mgT = ops.add(ops.mul(rho, new TfTensor(vars.read(mg))), ops.mul(oneMinusRho, gr));
            Tensor denom = ops.add(ops.sqrt(ops.maximum(ops.sub(aT, ops.square(mgT)), ops.constant(0f))),
                    ops.constant((float) r.epsilon()));
            Tensor step = ops.div(ops.mul(lr, gr), denom);
            return group(vars.assign(a, out(aT)), vars.assign(mg, out(mgT)),
                    g.op("AssignSubVariableOp").in(h).in(out(step)).build());
        }
        if (optimizer instanceof RMSprop r) {
            // TF: ResourceApplyRMSProp computes sqrt(a + eps); Keras computes sqrt(a) + eps, and Keras
            // wins. ResourceApplyAdam with beta_1 = 0 and both beta powers fed as 0 is exactly Keras's
            // RMSprop in one fused pass: m = g, v = rho v + (1 - rho) g², p -= lr g / (sqrt(v) + eps).
            Output<?> m = vars.slot(h, "rmsprop_g", 0f);
            Output<?> a = vars.slot(h, "accumulator", 0f);
            return g.op("ResourceApplyAdam").in(h).in(m).in(a).in(g.scalar(0f)).in(g.scalar(0f)).in(out(lr))
                    .in(g.scalar(0f)).in(g.scalar((float) r.rho())).in(g.scalar((float) r.epsilon())).in(grad).build();
        }
        if (optimizer instanceof Adagrad a) {
            Output<?> accum = vars.slot(h, "accumulator", (float) a.initialAccumulatorValue());
            return g.op("ResourceApplyAdagradV2").in(h).in(accum).in(out(lr)).in(g.scalar((float) a.epsilon()))
                    .in(grad).build();
        }
        if (optimizer instanceof Adadelta a) {
            Output<?> accum = vars.slot(h, "accumulator", 0f);
            Output<?> delta = vars.slot(h, "delta_accumulator", 0f);
            return g.op("ResourceApplyAdadelta").in(h).in(accum).in(delta).in(out(lr)).in(g.scalar((float) a.rho()))
                    .in(g.scalar((float) a.epsilon())).in(grad).build();
        }
        if (optimizer instanceof Adam a) {
            Tensor b1Power = ops.pow(ops.constant((float) a.beta1()), t);
            Tensor b2Power = ops.pow(ops.constant((float) a.beta2()), t);
            Output<?> m = vars.slot(h, "m", 0f);
            Output<?> v = vars.slot(h, "v", 0f);
            if (!a.amsgrad()) {
                return g.op("ResourceApplyAdam").in(h).in(m).in(v).in(out(b1Power)).in(out(b2Power)).in(out(lr))
                        .in(g.scalar((float) a.beta1())).in(g.scalar((float) a.beta2()))
                        .in(g.scalar((float) a.epsilon())).in(grad).build();
            }
            Output<?> vhat = vars.slot(h, "vhat", 0f);
            Tensor gr = new TfTensor(grad);
            float b1 = (float) a.beta1();
            float b2 = (float) a.beta2();
            Tensor lrT = ops.div(ops.mul(lr, ops.sqrt(ops.sub(one, b2Power))), ops.sub(one, b1Power));
            Tensor mT = ops.add(ops.mul(ops.constant(b1), new TfTensor(vars.read(m))), ops.mul(ops.constant(1 - b1), gr));
            Tensor vT = ops.add(ops.mul(ops.constant(b2), new TfTensor(vars.read(v))),
                    ops.mul(ops.constant(1 - b2), ops.square(gr)));
            Tensor vhatT = ops.maximum(new TfTensor(vars.read(vhat)), vT);
            Tensor step = ops.div(ops.mul(lrT, mT), ops.add(ops.sqrt(vhatT), ops.constant((float) a.epsilon())));
            return group(vars.assign(m, out(mT)), vars.assign(v, out(vT)), vars.assign(vhat, out(vhatT)),
                    g.op("AssignSubVariableOp").in(h).in(out(step)).build());
        }
        if (optimizer instanceof Adamax a) {
            Tensor b1Power = ops.pow(ops.constant((float) a.beta1()), t);
            Output<?> m = vars.slot(h, "m", 0f);
            Output<?> u = vars.slot(h, "u", 0f);
            return g.op("ResourceApplyAdaMax").in(h).in(m).in(u).in(out(b1Power)).in(out(lr))
                    .in(g.scalar((float) a.beta1())).in(g.scalar((float) a.beta2()))
                    .in(g.scalar((float) a.epsilon())).in(grad).build();
        }
        throw new IllegalStateException("unreachable: " + optimizer);
    }

    /** Keras's {@code clipnorm} (global norm over all gradients) and {@code clipvalue}. */
    private List<Output<?>> clip(Optimizer<?> optimizer, List<Output<?>> grads) {
        List<Output<?>> out = new ArrayList<>(grads);
        if (optimizer.clipnorm() > 0) {
            Tensor sumSq = ops.constant(0f);
            for (Output<?> gr : out) {
                sumSq = ops.add(sumSq, ops.sum(ops.square(new TfTensor(gr)), false));
            }
            Tensor norm = ops.sqrt(sumSq);
            Tensor c = ops.constant((float) optimizer.clipnorm());
            Tensor scale = ops.div(c, ops.maximum(norm, c));
            out.replaceAll(gr -> out(ops.mul(new TfTensor(gr), scale)));
        }
        if (optimizer.clipvalue() > 0) {
            float v = (float) optimizer.clipvalue();
            out.replaceAll(gr -> out(ops.clip(new TfTensor(gr), -v, v)));
        }
        return out;
    }

    private Operation group(Operation... ops) {
        TfGraphBuilder.OpBuilder b = g.op("NoOp");
        for (Operation o : ops) {
            b.control(o);
        }
        return b.build();
    }
}
