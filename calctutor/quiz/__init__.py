"""Quizzes: building them with verified keys, and grading a class's answers."""
