"""What an import did, for the command line and the dashboard."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    """A bad row (skipped) or a warning: where, which product, what."""

    position: int  # line in the file (header = 1), or the item's index in an XML feed
    sku: str
    message: str


@dataclass
class ImportReport:
    """Counts and problems of one import.

    ``missing``: products of the shop that are not in the file (kept; made non-public only
    with ``deactivate_missing``, counted in ``deactivated``). Inventory imports count a row
    whose values did not change as ``unchanged`` even though its stock was confirmed again.
    """

    feed_format: str
    position_label: str  # "line" or "item"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    missing: int = 0
    deactivated: int = 0
    images_added: int = 0
    images_removed: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    def error(self, position: int, sku: str, message: str) -> None:
        self.errors.append(RowProblem(position, sku, message))

    def warn(self, position: int, sku: str, message: str) -> None:
        self.warnings.append(RowProblem(position, sku, message))

    def sort(self) -> None:
        """Order errors and warnings by their place in the file."""
        self.errors.sort(key=lambda problem: problem.position)
        self.warnings.sort(key=lambda problem: problem.position)
