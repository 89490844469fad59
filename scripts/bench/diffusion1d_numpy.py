"""The 1-D diffusion work of `dl4ds bench 1d`, done with numpy/scipy the way the book's notebooks do it
(UDL notebooks 18.1-18.4: np.random, the NonParametricModel built on scipy.stats.binned_statistic, and the
notebooks' sampling loops with their TODOs filled in). Prints one JSON object:
{"seconds": <time of the work>, "decoderTV": ..., "reparamTV": ..., "ddim100TV": ..., "ddim20TV": ..., "blas": [...]}
where "blas" lists the BLAS libraries numpy/scipy loaded and the kernel each runs (threadpoolctl's
threadpool_info(): internal_api, version, architecture, threading_layer, num_threads).

Usage: python diffusion1d_numpy.py [--seed S] [--n N]
"""
import argparse
import json
import time
from operator import itemgetter

import numpy as np
from scipy import stats
from scipy.special import erf


def norm_pdf(x, mu, sigma):
    return np.exp(-0.5 * (x - mu) * (x - mu) / (sigma * sigma)) / np.sqrt(2 * np.pi * sigma * sigma)


class TrueDataDistribution:
    def __init__(self):
        self.mu = [1.5, -0.216, 0.45, -1.875]
        self.sigma = [0.3, 0.15, 0.525, 0.075]
        self.w = [0.2, 0.3, 0.35, 0.15]

    def pdf(self, x):
        return sum(w * norm_pdf(x, m, s) for w, m, s in zip(self.w, self.mu, self.sigma))

    def cdf(self, x):
        return sum(w * 0.5 * (1 + erf((x - m) / (s * np.sqrt(2)))) for w, m, s in zip(self.w, self.mu, self.sigma))

    def sample(self, n):
        hidden = np.random.choice(4, n, p=self.w)
        epsilon = np.random.normal(size=(n))
        mu_list = list(itemgetter(*hidden)(self.mu))
        sigma_list = list(itemgetter(*hidden)(self.sigma))
        return mu_list + sigma_list * epsilon


class NonParametricModel:
    """The book's lookup table: clip to [-3, 3], 0.01 bins, sum / (count + 1)."""

    def __init__(self, residual):
        self.inc = 0.01
        self.max_val = 3.0
        self.residual = residual

    def train(self, zt, target):
        zt = np.clip(zt, -self.max_val, self.max_val)
        target = np.clip(target, -self.max_val, self.max_val)
        y = target - zt if self.residual else target
        bins = np.arange(-self.max_val, self.max_val + self.inc, self.inc)
        numerator, *_ = stats.binned_statistic(zt, y, statistic="sum", bins=bins)
        denominator, *_ = stats.binned_statistic(zt, y, statistic="count", bins=bins)
        self.model = numerator / (denominator + 1)

    def predict(self, zt):
        bin_index = np.floor((zt + self.max_val) / self.inc)
        bin_index = np.clip(bin_index, 0, len(self.model) - 1).astype("uint32")
        return zt + self.model[bin_index] if self.residual else self.model[bin_index]


def diffuse_one_step(z_t_minus_1, beta):
    return np.sqrt(1 - beta) * z_t_minus_1 + np.sqrt(beta) * np.random.normal(size=z_t_minus_1.shape)


def diffusion_kernel(x, t, beta):
    alpha = np.power(1 - beta, t)
    return x * np.sqrt(alpha), np.sqrt(1 - alpha)


def conditional_diffusion_distribution(x, z_t, t, beta):
    alpha_t = np.power(1 - beta, t)
    alpha_t_minus1 = np.power(1 - beta, t - 1)
    cd_mean = (1 - alpha_t_minus1) / (1 - alpha_t) * np.sqrt(1 - beta) * z_t + np.sqrt(alpha_t_minus1) * beta / (1 - alpha_t) * x
    cd_std = np.sqrt(beta * (1 - alpha_t_minus1) / (1 - alpha_t))
    return cd_mean, cd_std


def get_decoder_pairs(x_train, t, beta):
    dk_mean, dk_std = diffusion_kernel(x_train, t, beta)
    z_t = np.random.normal(size=x_train.shape) * dk_std + dk_mean
    cd_mean, cd_std = conditional_diffusion_distribution(x_train, z_t, t, beta)
    z_tminus1 = x_train if t == 1 else np.random.normal(size=x_train.shape) * cd_std + cd_mean
    return z_t, z_tminus1


def get_eps_pairs(x_train, t, beta):
    epsilon = np.random.standard_normal(x_train.shape)
    alpha_t = np.power(1 - beta, t)
    return np.sqrt(alpha_t) * x_train + np.sqrt(1 - alpha_t) * epsilon, epsilon


def sample_mean(models, T, sigma_t, n):
    samples = np.zeros((T + 1, n))
    samples[T, :] = np.random.standard_normal(n)
    for t in range(T, 0, -1):
        samples[t - 1, :] = models[t - 1].predict(samples[t, :])
        if t > 1:
            samples[t - 1, :] += np.random.standard_normal(n) * sigma_t
    return samples


def sample_eps(models, T, beta, sigma_t, n):
    samples = np.zeros((T + 1, n))
    samples[T, :] = np.random.standard_normal(n)
    for t in range(T, 0, -1):
        alpha_t = np.power(1 - beta, t)
        g = models[t - 1].predict(samples[t, :])
        samples[t - 1, :] = (samples[t, :] - beta / np.sqrt(1 - alpha_t) * g) / np.sqrt(1 - beta)
        if t > 1:
            samples[t - 1, :] += np.random.standard_normal(n) * sigma_t
    return samples


def ddim_times(T, n_steps, quadratic=False):
    """Visited times, ascending, landing on t = 1 (alpha_1) as the library's sampleDdim does by default."""
    if quadratic:
        return [1 + k + round((T - 1 - n_steps) * (k / n_steps) ** 2) for k in range(n_steps + 1)]
    times = [round(T * k / n_steps) for k in range(n_steps + 1)]
    return times[1:] if times[1] == 1 else [1] + times[1:]


def sample_ddim(models, T, beta, sigma_t, times, n):
    n_steps = len(times) - 1
    samples = np.zeros((n_steps + 1, n))
    samples[n_steps, :] = np.random.standard_normal(n)
    for c_step in range(n_steps, 0, -1):
        t = times[c_step]
        tminus1 = times[c_step - 1]
        alpha_t = np.power(1 - beta, t)
        alpha_t_minus1 = np.power(1 - beta, tminus1)
        sigma = min(sigma_t, np.sqrt(1 - alpha_t_minus1))
        g = models[t - 1].predict(samples[c_step, :])
        samples[c_step - 1, :] = np.sqrt(alpha_t_minus1) * (samples[c_step, :] - np.sqrt(1 - alpha_t) * g) / np.sqrt(alpha_t) \
            + np.sqrt(1 - alpha_t_minus1 - sigma * sigma) * g
        if sigma > 0:
            samples[c_step - 1, :] += np.random.standard_normal(n) * sigma
    return samples


def histogram_tv(samples, dist):
    edges = np.linspace(-3, 3, 121)
    counts, _ = np.histogram(samples, bins=edges)
    width = edges[1] - edges[0]
    p_hist = counts / (len(samples) * width)
    p_true = np.diff(dist.cdf(edges)) / width
    return float(0.5 * np.sum(np.abs(p_hist - p_true)) * width)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--n", type=int, default=100000)
    args = parser.parse_args()
    np.random.seed(args.seed)
    n, T, beta = args.n, 100, 0.01511
    dist = TrueDataDistribution()

    start = time.perf_counter()
    # 18.1: forward process, keeping all T + 1 rows
    x = dist.sample(n)
    rows = np.zeros((T + 1, n))
    rows[0, :] = x
    for t in range(1, T + 1):
        rows[t, :] = diffuse_one_step(rows[t - 1, :], beta)
    # 18.2: 100 mean (decoder) models
    x_train = dist.sample(n)
    mean_models = []
    for t in range(1, T + 1):
        zt, zt_minus1 = get_decoder_pairs(x_train, t, beta)
        mean_models.append(NonParametricModel(residual=True))
        mean_models[-1].train(zt, zt_minus1)
    # 18.3: 100 epsilon models
    x_train = dist.sample(n)
    eps_models = []
    for t in range(1, T + 1):
        zt, epsilon = get_eps_pairs(x_train, t, beta)
        eps_models.append(NonParametricModel(residual=False))
        eps_models[-1].train(zt, epsilon)
    # sampling: decoder, reparameterized, DDIM 100 steps, DDIM 20 steps
    decoder = sample_mean(mean_models, T, 0.12288, n)[0]
    reparam = sample_eps(eps_models, T, beta, 0.12288, n)[0]
    ddim100 = sample_ddim(eps_models, T, beta, 0.001, ddim_times(T, 100), n)[0]
    ddim20 = sample_ddim(eps_models, T, beta, 0.12288, ddim_times(T, 20, quadratic=True), n)[0]
    seconds = time.perf_counter() - start

    print(json.dumps({
        "seconds": seconds,
        "decoderTV": histogram_tv(decoder, dist),
        "reparamTV": histogram_tv(reparam, dist),
        "ddim100TV": histogram_tv(ddim100, dist),
        "ddim20TV": histogram_tv(ddim20, dist),
        "blas": blas_info(),
    }))


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return [{"error": "threadpoolctl is not installed"}]
    keys = ("internal_api", "version", "architecture", "threading_layer", "num_threads")
    return [{k: lib.get(k) for k in keys} for lib in threadpool_info() if lib.get("user_api") == "blas"]


if __name__ == "__main__":
    main()
