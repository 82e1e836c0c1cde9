"""What one use case changed, so that each pane refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    description: str = ""
    added: set[int] = field(default_factory=set)        # film ids created
    updated: set[int] = field(default_factory=set)      # film ids whose fields or records changed
    removed: set[int] = field(default_factory=set)      # film ids deleted
    galleries: set[int | None] = field(default_factory=set)  # film ids (None: the inbox) whose images changed
    people: bool = False                                # people were added, renamed or merged

    def merge(self, other: ChangeSet) -> None:
        self.added |= other.added
        self.updated |= other.updated
        self.removed |= other.removed
        self.galleries |= other.galleries
        self.people = self.people or other.people
        self.updated -= self.added | self.removed

    @property
    def empty(self) -> bool:
        return not (self.added or self.updated or self.removed or self.galleries or self.people)
