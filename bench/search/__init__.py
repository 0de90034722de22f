"""The search benchmark: ``python -m bench.search`` (``make bench-search``); see ``__main__``.

``judged`` loads the judged queries and computes nDCG and recall; ``run`` is one step of the
benchmark in a process of its own.
"""
