"""Optimization: torch.optim update rules, traces and verdicts, critical points, plot data."""
