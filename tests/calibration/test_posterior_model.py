"""The posterior's observation model on known inputs (scripts/posterior):
the between-patient moments, the beta-binomial likelihood of adverse-event
shares, the SD term of the likelihood, and the surrogate's forms."""
import importlib.machinery
import importlib.util
import math
import pathlib
import tomllib

import numpy as np
import pytest
from scipy.stats import binom

ROOT = pathlib.Path(__file__).resolve().parents[2]
_loader = importlib.machinery.SourceFileLoader("posterior", str(ROOT / "scripts" / "posterior"))
_spec = importlib.util.spec_from_loader("posterior", _loader)
post = importlib.util.module_from_spec(_spec)
_loader.exec_module(post)


class Linear:
    """A surrogate linear in the prior coordinates: value = a + u @ b."""

    def __init__(self, a, b):
        self.a, self.b = np.asarray(a, float), np.asarray(b, float)

    def __call__(self, u):
        return self.a + np.atleast_2d(u) @ self.b


class Square:
    """value = (u_j - c)^2 for one coordinate j."""

    def __init__(self, j, c):
        self.j, self.c = j, c

    def __call__(self, u):
        u = np.atleast_2d(u)
        return ((u[:, self.j] - self.c) ** 2)[:, None]


def test_population_moments_of_a_linear_outcome():
    params = post.priors()
    d = len(params)
    columns = post._spread_columns()
    j, p = columns[0]  # the collagen synthesis gain: log prior
    assert p["log"]
    b = np.zeros((d, 1))
    b[j, 0] = 2.0
    sur = Linear([1.0], b)
    u = np.full((3, d), 0.5)
    omega = np.array([[0.0, 0.0, 0.0], [0.2, 0.0, 0.0], [0.4, 0.3, 0.1]])
    mean, sd = post.population_moments(sur, u, omega)
    scale = 2.0 / (math.log(p["hi"]) - math.log(p["lo"]))  # d value / d log(parameter)
    np.testing.assert_allclose(mean[:, 0], 2.0, rtol=0, atol=1e-12)  # linear: no shift
    np.testing.assert_allclose(sd[:, 0], [0.0, 0.2 * scale, 0.4 * scale], rtol=1e-12)


def test_population_moments_of_a_quadratic_are_exact():
    # (u + eta / L - c)^2 with eta ~ N(0, omega^2): mean (u - c)^2 + (omega / L)^2,
    # variance 4 (u - c)^2 (omega / L)^2 + 2 (omega / L)^4; three Gauss-Hermite
    # nodes are exact for polynomials of degree 5, so both moments are exact.
    params = post.priors()
    d = len(params)
    j, p = post._spread_columns()[0]
    L = math.log(p["hi"]) - math.log(p["lo"])
    u = np.full((1, d), 0.5)
    omega = np.array([[0.3, 0.0, 0.0]])
    mean, sd = post.population_moments(Square(j, 0.3), u, omega)
    s = 0.3 / L
    assert mean[0, 0] == pytest.approx(0.2 ** 2 + s ** 2, rel=1e-12)
    assert sd[0, 0] ** 2 == pytest.approx(4 * 0.2 ** 2 * s ** 2 + 2 * s ** 4, rel=1e-9)


def test_a_linear_prior_is_shifted_by_the_factor():
    params = post.priors()
    d = len(params)
    j, p = post._spread_columns()[1]  # closure speed: linear prior
    assert not p["log"]
    u = np.full((1, d), 0.5)
    v = post.shifted(u, j, p, np.array([math.log(1.2)]))
    x = post.to_value(p, 0.5)
    assert post.to_value(p, float(v[0, j])) == pytest.approx(1.2 * x, rel=1e-12)
    assert np.all(np.delete(v, j, axis=1) == 0.5)


def test_rate_likelihood_is_the_binomial_when_studies_agree():
    o = dict(kind="adverse_event", unit="1", n=30, value=5 / 30, mapping_error=1e-4)
    assert post.is_rate(o)
    for prob in (0.02, 0.1, 0.167, 0.4):
        got = post.rate_log_likelihood(o, np.array([prob]), np.array([0.0]))[0]
        assert got == pytest.approx(binom.logpmf(5, 30, prob), abs=2e-3)
    # with between-study scatter the likelihood is flatter: a low rate is
    # less unlikely for 5 of 30
    flat = post.rate_log_likelihood(o, np.array([0.02]), np.array([0.5]))[0]
    assert flat > binom.logpmf(5, 30, 0.02)


def test_rate_draws_centre_on_the_model_rate():
    o = dict(kind="adverse_event", unit="1", n=40, value=0.0, mapping_error=0.1)
    rng = np.random.default_rng(1)
    draws = post.rate_draws(o, np.full(20000, 0.2), np.zeros(20000), rng)
    assert np.all((draws * 40) == np.round(draws * 40))  # shares of 40 patients
    assert np.mean(draws) == pytest.approx(0.2, abs=0.01)


def test_the_sd_term_prefers_the_published_spread():
    o = dict(id="x", kind="clinical_score", unit="%", value=-30.0, sd=15.0, n=31,
             mapping_error=0.1)
    model = np.array([[-30.0], [-30.0], [-30.0]])
    spread = np.array([[5.0], [15.0], [45.0]])
    ll = post.log_likelihood(model, [o], [3.0], np.array([True]), np.full(3, 0.1), spread)
    assert ll[1] > ll[0] and ll[1] > ll[2]
    no_sd = post.log_likelihood(model, [o], [3.0], np.array([True]), np.full(3, 0.1), None)
    assert np.all(no_sd == no_sd[0])  # without spreads, the SD does not enter


def test_responders_are_the_share_past_the_threshold():
    o = dict(kind="responders", unit="1", n=30, value=0.7, threshold=-31.0, mapping_error=0.3)
    assert post.is_rate(o)
    # patients spread normally about a mean of -40 with an SD of 9: one SD
    # past the threshold, so 84.1 % respond
    got = post.share_of(o, np.array([-40.0, -31.0, -22.0]), np.array([9.0, 9.0, 9.0]))
    np.testing.assert_allclose(got, [0.8413447, 0.5, 0.1586553], atol=1e-6)
    # no spread: all or none
    assert post.share_of(o, np.array([-40.0]), np.array([0.0]))[0] == pytest.approx(1.0)
    assert post.share_of(o, np.array([-20.0]), None)[0] == pytest.approx(0.0)
    # an adverse event's share is its rate
    ae = dict(kind="adverse_event", unit="1", n=30, value=0.1, mapping_error=0.1)
    assert post.share_of(ae, np.array([0.07]), np.array([5.0]))[0] == 0.07


def test_the_surrogate_picks_the_form_each_outcome_takes():
    # Three outcomes of two parameters: a quadratic (fitted as it is), an
    # exponential of a quadratic (as a logarithm), and one over a linear
    # speed (a closure time: as a reciprocal). Each form is exact for its
    # own outcome, so cross-validation must choose it, and the fit must then
    # reproduce the outcome away from the design.
    rng = np.random.default_rng(3)
    u = rng.random((60, 2))
    check = rng.random((20, 2))

    def outcomes(v):
        return np.stack([3.0 + v[:, 0] - 2.0 * v[:, 1] ** 2,
                         np.exp(1.0 + v[:, 0] * v[:, 1] - v[:, 1]),
                         1.0 / (0.2 + v[:, 0] + 0.5 * v[:, 1])], axis=1)

    sur = post.Surrogate(u, outcomes(u))
    assert [sur.transform(j) for j in range(3)] == ["value", "log", "reciprocal"]
    assert np.allclose(sur(check), outcomes(check), rtol=1e-5, atol=1e-6)
    assert np.all(np.isfinite(sur.cv_error))
    # An outcome that crosses zero is fitted as it is, whatever fits best.
    crossing = post.Surrogate(u, outcomes(u)[:, 1:2] - 3.0)
    assert crossing.transform(0) == "value"
    # Told it is not positive (over the design where the posterior is),
    # the logarithm is not a candidate either.
    told = post.Surrogate(u, outcomes(u)[:, 1:2], positive=[False])
    assert told.transform(0) == "value"
    # Where it counts: an outcome exponential on one half of the design and
    # quadratic on the other takes a form that suits the half it is judged
    # on (the logarithm for the exponential half).
    mixed = np.where(u[:, 0] < 0.5, np.exp(4.0 * u[:, 1] ** 2 + u[:, 0]), 1.0 + u[:, 1] ** 2)
    low = post.Surrogate(u, mixed[:, None], judge=u[:, 0] < 0.5)
    high = post.Surrogate(u, mixed[:, None], judge=u[:, 0] >= 0.5)
    assert low.transform(0) == "log"
    assert high.transform(0) != "log"


def test_a_reciprocal_never_predicts_beyond_twice_the_design():
    # One over a speed that reaches zero just outside the design: the
    # quadratic of the reciprocal crosses zero there, and the prediction is
    # held at twice the largest design value instead of a pole.
    u = np.random.default_rng(5).random((60, 2)) * 0.8 + 0.2
    y = 1.0 / (u[:, 0] + 0.1 * u[:, 1])
    sur = post.Surrogate(u, y[:, None])
    assert sur.transform(0) == "reciprocal"
    far = sur(np.array([[-0.5, 0.0], [-0.05, 0.0]]))
    assert np.all(far <= 2.0 * y.max() + 1e-9)
    assert np.all(far > 0.0)


def test_too_small_a_design_takes_the_fixed_rule():
    # 20 rows for 66 terms of ten parameters: no cross-validation, the
    # logarithm for a positive outcome.
    u = np.random.default_rng(9).random((20, 10))
    sur = post.Surrogate(u, np.stack([1.0 / (0.2 + u[:, 0]), u[:, 1] - 0.5], axis=1))
    assert [sur.transform(j) for j in range(2)] == ["log", "value"]
    assert np.all(np.isnan(sur.cv_error))


def test_a_ratio_is_its_two_days_divided_where_that_predicts_it_better():
    # The ratio's surrogate is its later day's over its earlier day's, 0
    # where the earlier is exactly 0 (as the engine reads it), when the
    # parts' out-of-fold predictions give the ratio more closely than its
    # own quadratic did; other outcomes pass through, and the days
    # themselves are not outcomes.
    class Columns:
        def __init__(self, ratio_cv_error):
            self.cv_error = np.array([ratio_cv_error, 0.1, 0.0, 0.0])
            # out of fold, on three judged rows: the ratio's days
            self.held_out = np.full((3, 4), np.nan)
            self.held_out[:, 2] = [3.0, 4.0, 6.0]
            self.held_out[:, 3] = [1.0, 2.0, 2.0]

        def __call__(self, u):
            u = np.atleast_2d(u)
            return np.stack([np.full(len(u), 99.0), 2.0 + u[:, 0], 3.0 * u[:, 0], u[:, 1]], axis=1)

        def transform(self, j):
            return ["value", "log", "value", "reciprocal"][j]

    ids_all = ["r", "x", "r" + post.PART + "30", "r" + post.PART + "10"]
    y_all = np.array([[3.0, 0, 3.0, 1.0], [2.5, 0, 4.0, 2.0], [3.0, 0, 6.0, 2.0]])
    sur = post.RatioOfParts(Columns(ratio_cv_error=0.5), ids_all, y_all)
    u = np.array([[0.5, 0.25], [0.2, 0.0]])
    out = sur(u)
    assert out.shape == (2, 2)
    assert out[0, 0] == pytest.approx(1.5 / 0.25)
    assert out[1, 0] == 0.0
    assert np.allclose(out[:, 1], 2.0 + u[:, 0])
    assert sur.transform(0) == "value over reciprocal"
    assert sur.transform(1) == "log"
    assert sur.cv_error(0) == pytest.approx(math.sqrt(0.25 / 3))
    # Its own quadratic did better out of fold: kept.
    own = post.RatioOfParts(Columns(ratio_cv_error=0.1), ids_all, y_all)
    assert np.allclose(own(u)[:, 0], 99.0)
    assert own.transform(0) == "value"


def test_the_parts_of_a_ratio_are_outcomes_of_the_same_course():
    text = ('[[outcome]]\nid = "r"\nstudy = "s"\nkind = "timeline"\nquantity = "q"\n'
            'value = 1.4\nunit = "1"\nse = 0.2\ncase = "examples/c.toml"\nsessions = 3\n'
            'observable = "collagen_change_pct"\nmetric = "ratio:180/120"\n'
            'mapping = "m"\nmapping_error = 0.1\nsource = "src"\n')
    added = tomllib.loads(post.with_parts(text, tomllib.loads(text)["outcome"]))["outcome"]
    assert [o["id"] for o in added] == ["r", "r" + post.PART + "180", "r" + post.PART + "120"]
    for o, day in zip(added[1:], (180, 120)):
        assert o["metric"] == f"day:{day}"
        assert (o["case"], o["sessions"], o["observable"]) == ("examples/c.toml", 3, "collagen_change_pct")
        assert "se" not in o
