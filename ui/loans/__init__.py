"""Loans in the window: lending a copy, the Loans view, a borrower and their history."""
