"""Worked solutions for indefinite and definite integrals."""

from calctutor.steps.integral.definite import definite_integral_solution
from calctutor.steps.integral.solve import integral_solution
from calctutor.steps.integral.verify import verify_antiderivative

__all__ = ["definite_integral_solution", "integral_solution", "verify_antiderivative"]
