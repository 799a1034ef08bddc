"""Reference order parameters and NTK constants for every activation family, from neural-tangents.

Writes activation_references.json beside this script; ActivationReferenceTests.swift reads it.

For each activation and setting (sigma_w2, sigma_b2, depth L, input overlap rho) it evaluates stax's
infinite-width kernels of

    stax.serial(Dense(W_std=sigma_w, b_std=sigma_b, parameterization='ntk'), act, ..., Dense)

on two inputs x, x' in R^2 with |x|^2/2 = 1 and x.x'/2 = rho (so qhat1^0 = 1, qhat2^0 = rho), and maps
(karakida.md sections 2 and 5, NTK parameterisation):

    qhat1^l, qhat2^l = NNGP(x, x), NNGP(x, x') of the prefix ending with the l-th activation (l < L)
    q1^L, q2^L       = NNGP(x, x), NNGP(x, x') of the whole network
    kappa1', kappa2' = NTK(x, x), NTK(x, x') of the whole network

Kernels: stax's closed forms where it has one (Relu, LeakyRelu, Abs, Erf(a, b, c), Gelu, Sin, Cos,
Monomial, Identity); ElementwiseNumerical (Gauss-Hermite of degree DEG, df given explicitly) for smooth
activations without one; its accuracy is measured against degree DEG/2 and sets the tolerance.
Kinked activations without a stax closed form (elu, shifted relu) use an independent reference instead:
scipy.integrate.quad split at the kinks (labelled "scipy"), since Gauss-Hermite is inaccurate at kinks.

Run with the venv of ../shared/bench/setup-peers.sh (neural-tangents 0.6.5, jax 0.4.38, float64):
    /work/.venv-peers/bin/python Tests/FIMTests/Theory/References/make_activation_references.py
"""
import json
import warnings
import math
import os
import sys

import numpy as onp
from scipy import integrate, special

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../../shared/bench"))

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402

try:
    from peers_ntk import _nt_compat_shim  # noqa: E402

    _nt_compat_shim()
except ImportError:
    pass
from neural_tangents import stax  # noqa: E402

DEG = 480
warnings.filterwarnings("ignore", message="Numerical Activation Layer")
SETTINGS = [(1.5, 0.1, 3, 0.3), (0.8, 0.4, 4, -0.2), (2.0, 0.05, 2, 0.6)]


def numerical(fn, df):
    return lambda deg: stax.ElementwiseNumerical(fn=fn, deg=deg, df=df)


def analytic(layer):
    return lambda deg: layer


sig = jax.nn.sigmoid
ACTIVATIONS = {
    "linear": analytic(stax.Identity()),
    "relu": analytic(stax.Relu()),
    "tanh": numerical(jnp.tanh, lambda x: 1 - jnp.tanh(x) ** 2),
    "erf": analytic(stax.Erf()),
    "erf-sqrt2": analytic(stax.Erf(b=1 / math.sqrt(2))),
    "gelu": analytic(stax.Gelu(approximate=False)),
    "silu": numerical(jax.nn.silu, lambda x: sig(x) * (1 + x * (1 - sig(x)))),
    "sigmoid": numerical(sig, lambda x: sig(x) * (1 - sig(x))),
    "softplus": numerical(jax.nn.softplus, sig),
    "abs": analytic(stax.Abs()),
    "sin": analytic(stax.Sin()),
    "cos": analytic(stax.Cos()),
    "leaky-relu:0.1": analytic(stax.LeakyRelu(0.1)),
    "monomial:2": analytic(stax.Monomial(2)),
    "monomial:3": analytic(stax.Monomial(3)),
    "scaled:1.5:0.7:0.0:erf": analytic(stax.Erf(a=1.5, b=0.7)),
    "scaled:2.0:1.0:0.5:tanh": numerical(
        lambda x: 2 * jnp.tanh(x + 0.5), lambda x: 2 * (1 - jnp.tanh(x + 0.5) ** 2)
    ),
}

# Kinked activations without a stax closed form: (phi, phi', kinks), for the scipy reference.
KINKED = {
    "elu:1.0": (lambda x: x if x > 0 else math.expm1(x), lambda x: 1.0 if x > 0 else math.exp(x), [0.0]),
    "elu:0.5": (
        lambda x: x if x > 0 else 0.5 * math.expm1(x),
        lambda x: 1.0 if x > 0 else 0.5 * math.exp(x),
        [0.0],
    ),
    "scaled:1.0:1.0:0.3:relu": (lambda x: max(x + 0.3, 0.0), lambda x: 1.0 if x + 0.3 > 0 else 0.0, [-0.3]),
}


def inputs(rho):
    s = math.sqrt(2.0)
    return jnp.array([[s, 0.0], [s * rho, s * math.sqrt(1 - rho * rho)]])


def nt_record(name, make, sw2, sb2, depth, rho, deg):
    sw, sb = math.sqrt(sw2), math.sqrt(sb2)
    x = inputs(rho)
    layers, qhat1, qhat2 = [], [1.0], [rho]
    for l in range(1, depth):
        layers += [stax.Dense(1, W_std=sw, b_std=sb, parameterization="ntk"), make(deg)]
        k = stax.serial(*layers)[2](x, None, "nngp")
        qhat1.append(float(k[0, 0]))
        qhat2.append(float(k[0, 1]))
    layers.append(stax.Dense(1, W_std=sw, b_std=sb, parameterization="ntk"))
    k = stax.serial(*layers)[2](x, None, ("nngp", "ntk"))
    return {
        "qhat1": qhat1, "qhat2": qhat2, "q1_last": float(k.nngp[0, 0]), "q2_last": float(k.nngp[0, 1]),
        "kappa1_ntk": float(k.ntk[0, 0]), "kappa2_ntk": float(k.ntk[0, 1]),
    }


def gauss_1d(g, kinks):
    """E g(u), u ~ N(0, 1), by quad on pieces split at the kinks."""
    cuts = [-math.inf] + sorted(kinks) + [math.inf]
    pdf = lambda u: math.exp(-u * u / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    return sum(integrate.quad(lambda u: g(u) * pdf(u), a, b, epsabs=1e-14, epsrel=1e-12, limit=200)[0]
               for a, b in zip(cuts, cuts[1:]))


def gauss_2d(f1, f2, q1, q2, kinks):
    """E f1(u1) f2(u2) for (u1, u2) with variances q1, covariance q2: outer quad over x, inner over y."""
    a = math.sqrt(q1)
    c = max(-1.0, min(1.0, q2 / q1))
    s = math.sqrt(1 - c * c)
    inner = lambda x: gauss_1d(lambda y: f2(a * (c * x + s * y)), [(k / a - c * x) / s for k in kinks])  # noqa: E731
    return gauss_1d(lambda x: f1(a * x) * inner(x), [k / a for k in kinks])


def scipy_record(phi, dphi, kinks, sw2, sb2, depth, rho):
    qhat1, qhat2, q1, q2, d1, d2 = [1.0], [rho], [], [], [], []
    for l in range(1, depth + 1):
        q1.append(sw2 * qhat1[-1] + sb2)
        q2.append(sw2 * qhat2[-1] + sb2)
        if l == depth:
            break
        a = math.sqrt(q1[-1])
        qhat1.append(gauss_1d(lambda u: phi(a * u) ** 2, [k / a for k in kinks]))
        qhat2.append(gauss_2d(phi, phi, q1[-1], q2[-1], kinks))
        d1.append(gauss_1d(lambda u: dphi(a * u) ** 2, [k / a for k in kinks]))
        d2.append(gauss_2d(dphi, dphi, q1[-1], q2[-1], kinks))
    t1, t2 = [1.0] * depth, [1.0] * depth
    for l in range(depth - 2, -1, -1):
        t1[l] = sw2 * t1[l + 1] * d1[l]
        t2[l] = sw2 * t2[l + 1] * d2[l]
    return {
        "qhat1": qhat1, "qhat2": qhat2, "q1_last": q1[-1], "q2_last": q2[-1],
        "kappa1_ntk": sum(t * q for t, q in zip(t1, q1)), "kappa2_ntk": sum(t * q for t, q in zip(t2, q2)),
    }


def flat(r):
    return r["qhat1"] + r["qhat2"] + [r["q1_last"], r["q2_last"], r["kappa1_ntk"], r["kappa2_ntk"]]


def main():
    records = []
    for name, make in ACTIVATIONS.items():
        is_numeric = make(8) is not make(16)
        for sw2, sb2, depth, rho in SETTINGS:
            r = nt_record(name, make, sw2, sb2, depth, rho, DEG)
            if is_numeric:
                half = nt_record(name, make, sw2, sb2, depth, rho, DEG // 2)
                drift = max(abs(u - v) / max(abs(u), 1e-300) for u, v in zip(flat(r), flat(half)) if u != 0)
                r["source"] = f"neural-tangents 0.6.5 stax.ElementwiseNumerical(deg={DEG})"
                r["tolerance"] = max(1e-9, 10 * drift)
            else:
                r["source"] = "neural-tangents 0.6.5 stax closed form"
                r["tolerance"] = 1e-10
            records.append(dict(activation=name, sigma_w2=sw2, sigma_b2=sb2, depth=depth, rho=rho, **r))
            print(name, sw2, sb2, depth, rho, r["tolerance"], flush=True)
    for name, (phi, dphi, kinks) in KINKED.items():
        for sw2, sb2, depth, rho in SETTINGS:
            r = scipy_record(phi, dphi, kinks, sw2, sb2, depth, rho)
            r["source"] = "scipy.integrate.quad split at the kinks (independent; stax has no closed form)"
            r["tolerance"] = 1e-8
            records.append(dict(activation=name, sigma_w2=sw2, sigma_b2=sb2, depth=depth, rho=rho, **r))
            print(name, sw2, sb2, depth, rho, flush=True)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activation_references.json")
    with open(out, "w") as f:
        json.dump({"generator": os.path.basename(__file__), "records": records}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
