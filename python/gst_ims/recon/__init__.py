"""Reconciliation: number normalisation, the rule cascade, outcomes and reasons."""
