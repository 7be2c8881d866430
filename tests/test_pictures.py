"""The data behind each picture: tangent slopes, areas, Riemann sums, ∇f across level curves,
slope fields and solutions, critical-point labels, optimizer windows and loss curves."""

from __future__ import annotations

import math

import pytest
import sympy

from calctutor.optimization.curves import area_picture, riemann_bars, tangent_picture
from calctutor.optimization.ode_pictures import second_order_picture, slope_field_picture
from calctutor.optimization.pictures import Panel, PictureError, Plane
from calctutor.optimization.planes import (
    critical_picture,
    gradient_picture,
    loss_panel,
    optimizer_picture,
)
from calctutor.optimization.problem_pictures import Options, picture_for
from calctutor.sets.catalog import open_problem

x, y = sympy.symbols("x y", real=True)


def test_tangent_line_has_the_derivative_as_slope() -> None:
    picture = tangent_picture(x**3 - 3 * x, x, 2.0, (-3.0, 3.0))
    assert picture.fact("slope") == pytest.approx(9.0)
    assert picture.fact("f(a)") == pytest.approx(2.0)
    top = picture.views[0]
    assert isinstance(top, Panel)
    tangent = top.curves[1]
    for xv, yv in zip(tangent.xs, tangent.ys, strict=True):
        assert yv == pytest.approx(2.0 + 9.0 * (xv - 2.0))
    below = picture.views[1]
    assert isinstance(below, Panel)
    assert below.markers[0].point == pytest.approx((2.0, 9.0))


def test_tangent_where_f_is_undefined_is_refused() -> None:
    with pytest.raises(PictureError, match="not defined"):
        tangent_picture(sympy.log(x), x, -1.0, (-3.0, 3.0))


def test_shaded_area_equals_the_integral() -> None:
    picture = area_picture(sympy.sin(x), x, 0, sympy.pi)
    assert picture.fact("area") == pytest.approx(2.0, abs=1e-12)
    shade = picture.views[0].shade  # type: ignore[union-attr]
    assert shade is not None
    area = sum(
        (b - a) * (fa + fb) / 2
        for a, b, fa, fb in zip(shade.xs, shade.xs[1:], shade.ys, shade.ys[1:], strict=False)
    )
    assert round(area, 3) == round(2.0, 3)


def test_signed_area_counts_below_the_axis_negatively() -> None:
    picture = area_picture(x, x, -2, 1)
    assert picture.fact("area") == pytest.approx(-1.5)


@pytest.mark.parametrize(
    ("rule", "value"),
    [("left", 14 / 64), ("right", 30 / 64), ("mid", 84 / 256), ("trapezoid", 44 / 128)],
)
def test_riemann_sums_of_x_squared(rule: str, value: float) -> None:
    picture = area_picture(x**2, x, 0, 1, rule, 4)
    assert picture.fact("riemann") == pytest.approx(value, rel=1e-12)
    assert len(riemann_bars(x**2, x, 0.0, 1.0, rule, 4)) == 4


def test_riemann_sums_approach_the_integral() -> None:
    errors = [abs(area_picture(sympy.exp(x), x, 0, 1, "mid", n).fact("riemann") - (math.e - 1))
              for n in (4, 8, 16)]  # fmt: skip
    assert errors[0] > errors[1] > errors[2]


@pytest.mark.parametrize(("rule", "n"), [("middle", 4), ("left", 0), ("left", 5000)])
def test_bad_riemann_requests_are_refused(rule: str, n: int) -> None:
    with pytest.raises(PictureError):
        riemann_bars(x**2, x, 0.0, 1.0, rule, n)


def test_infinite_bounds_are_drawn_in_a_window_and_said() -> None:
    picture = area_picture(sympy.exp(-x), x, 0, sympy.oo)
    assert picture.fact("upper") == 10.0
    assert picture.fact("area") == pytest.approx(1 - math.exp(-10))


@pytest.mark.parametrize(
    ("f", "point"),
    [(x**2 + 10 * y**2, (1.0, 0.5)), (sympy.sin(x) * y + x**3, (0.7, -1.2)),
     (sympy.exp(x - y) + x * y, (0.3, 0.4))],
)  # fmt: skip
def test_gradient_is_perpendicular_to_the_level_curve(
    f: sympy.Expr, point: tuple[float, float]
) -> None:
    picture = gradient_picture(f, (x, y), point, ((-2.0, 2.0), (-2.0, 2.0)))
    plane = picture.views[0]
    assert isinstance(plane, Plane)
    gx, gy = picture.fact("grad_x"), picture.fact("grad_y")
    exact = [float(sympy.diff(f, v).subs({x: point[0], y: point[1]})) for v in (x, y)]
    assert (gx, gy) == pytest.approx(exact)
    (_, curve) = plane.curves[0]
    level = float(f.subs({x: point[0], y: point[1]}))
    for px, py in curve:
        assert float(f.subs({x: px, y: py})) == pytest.approx(level, abs=1e-9)
    middle = len(curve) // 2
    (ax, ay), (bx, by) = curve[middle - 1], curve[middle + 1]
    chord = (bx - ax, by - ay)
    cosine = (chord[0] * gx + chord[1] * gy) / (math.hypot(*chord) * math.hypot(gx, gy))
    assert abs(cosine) < 5e-3  # a chord of a curved level set, 0.05 long, bends that little
    arrow = plane.arrows[0]
    assert arrow.vector[0] * gy - arrow.vector[1] * gx == pytest.approx(0, abs=1e-9)
    assert arrow.vector[0] * gx + arrow.vector[1] * gy > 0  # uphill: steepest ascent


def test_descent_field_points_downhill() -> None:
    picture = gradient_picture(x**2 + y**2, (x, y), (1.0, 1.0), ((-2.0, 2.0), (-2.0, 2.0)))
    plane = picture.views[0]
    assert isinstance(plane, Plane) and plane.field_kind == "descent"
    for arrow in plane.field:
        assert arrow.vector[0] * arrow.at[0] + arrow.vector[1] * arrow.at[1] <= 1e-12


def test_zero_gradient_is_refused() -> None:
    with pytest.raises(PictureError, match="critical point"):
        gradient_picture(x**2 + y**2, (x, y), (0.0, 0.0), ((-1.0, 1.0), (-1.0, 1.0)))


def test_slope_field_matches_the_equation_and_the_solution_is_exact() -> None:
    rhs = x * y
    picture = slope_field_picture(rhs, x, y, (0.0, 1.0), ((-2.0, 2.0), (-3.0, 3.0)))
    plane = picture.views[0]
    assert isinstance(plane, Plane) and plane.field_kind == "slope"
    for arrow in plane.field:
        slope = arrow.vector[1] / arrow.vector[0]
        assert slope == pytest.approx(arrow.at[0] * arrow.at[1], rel=1e-9, abs=1e-12)
    (_, solution) = plane.curves[0]
    assert len(solution) > 100
    for px, py in solution:
        assert py == pytest.approx(math.exp(px**2 / 2), rel=1e-6)


def test_second_order_solution_follows_the_initial_conditions() -> None:
    dy = sympy.Symbol("dy")
    picture = second_order_picture(-y, x, y, dy, [(0.0, 1.0, 0.0)], (-4.0, 4.0))
    panel = picture.views[0]
    assert isinstance(panel, Panel)
    curve = panel.curves[0]
    for px, py in zip(curve.xs, curve.ys, strict=True):
        assert py == pytest.approx(math.cos(px), abs=1e-7)


def test_critical_points_are_marked_with_their_kind() -> None:
    picture = critical_picture(x**3 - 3 * x + y**2, (x, y), [((1.0, 0.0), "min"),
                                                             ((-1.0, 0.0), "saddle")])  # fmt: skip
    plane = picture.views[0]
    assert isinstance(plane, Plane)
    assert {(m.point, m.kind) for m in plane.markers} == {((1.0, 0.0), "min"),
                                                          ((-1.0, 0.0), "saddle")}  # fmt: skip
    assert plane.x_span[0] < -1 < 1 < plane.x_span[1]


def test_optimizer_window_holds_the_path_and_minimum_at_equal_scale() -> None:
    points = [(-1.5, 2.0), (-1.0, 1.5), (-0.4, 0.3)]
    f = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    picture = optimizer_picture(f, (x, y), [("adam", points, [1.0, 0.5, 0.2])], (1.0, 1.0))
    plane, losses = picture.views
    assert isinstance(plane, Plane) and isinstance(losses, Panel)
    (x0, x1), (y0, y1) = plane.x_span, plane.y_span
    assert x1 - x0 == pytest.approx(y1 - y0)
    for px, py in [*points, (1.0, 1.0)]:
        assert x0 < px < x1 and y0 < py < y1
    kinds = [m.kind for m in plane.markers]
    assert kinds == ["start", "minimum"]
    assert plane.paths[0].points[-1] == (-0.4, 0.3)
    assert picture.frames == 3


def test_loss_curves_on_a_log_scale_leave_out_float_noise() -> None:
    panel = loss_panel([("gd", [1.0, 0.1, 0.0 + 2.2e-16, 0.0])], best=0.0)
    assert panel.log_y
    assert panel.curves[0].ys == (1.0, 0.1, None, None)
    plain = loss_panel([("gd", [1.0, -2.0])], best=None)
    assert not plain.log_y


@pytest.mark.parametrize(
    ("reference", "kind"),
    [("chain-rule/chain-1", Panel), ("definite-improper-integrals/def-1", Panel),
     ("first-order-odes/first-3", Plane), ("optimization/critical-1", Plane),
     ("optimization/adam-1", Plane), ("second-order-odes/second-1", Panel)],
)  # fmt: skip
def test_bundled_problems_have_pictures(reference: str, kind: type) -> None:
    problem = open_problem(reference, 0)[1]
    picture = picture_for(problem, Options())
    assert isinstance(picture.views[0], kind)


def test_a_limit_is_drawn_with_its_value_marked() -> None:
    problem = open_problem("limits/lim-1", 0)[1]
    picture = picture_for(problem, Options())
    assert picture.fact("limit") == 3.0
    panel = picture.views[0]
    assert isinstance(panel, Panel)
    assert panel.markers[0].point == (0.0, 3.0) and panel.markers[0].kind == "limit"
    curve = panel.curves[0]
    near = [yv for xv, yv in zip(curve.xs, curve.ys, strict=True) if 0 < abs(xv) < 0.05]
    assert near and all(v is not None and abs(v - 3.0) < 0.01 for v in near)


def test_a_taylor_polynomial_is_drawn_beside_its_function() -> None:
    problem = open_problem("taylor-polynomials/taylor-13", 0)[1]
    picture = picture_for(problem, Options())
    panel = picture.views[0]
    assert isinstance(panel, Panel)
    f, polynomial = panel.curves
    close = [(a, b) for xv, a, b in zip(f.xs, f.ys, polynomial.ys, strict=True)
             if abs(xv - 1.0) < 0.05]  # fmt: skip
    assert close and all(a is not None and b is not None and abs(a - b) < 1e-4 for a, b in close)


def test_a_two_variable_taylor_problem_says_why_there_is_no_picture() -> None:
    problem = open_problem("taylor-polynomials/taylor-14", 0)[1]
    with pytest.raises(PictureError, match="one variable"):
        picture_for(problem, Options())


def test_numbers_in_pictures_print_as_six_digits() -> None:
    from calctutor.notation.unicode import inline
    from calctutor.optimization.pictures import number

    assert inline(number(16 / 3)) == "5.33333"
    assert inline(number(2.0)) == "2"
