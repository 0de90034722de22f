"""Forks of django-oscar apps, and nothing else. Each fork's docstring says why it exists."""
