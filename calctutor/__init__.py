"""calctutor: a terminal calculus tutor for optimization and machine learning."""

__version__ = "0.1.0"
