"""Reconciliation: number normalisation, the rule cascade, outcomes and reasons.

Public entry points: `reconcile(ims, books, settings)` (recon/engine.py) and
`carry_over(previous, current, ims, previous_ims)` (recon/carry_over.py, re-exported by
recon/outcome.py). The cascade is data in recon/rules.py: each rule carries its reason
and its outcome (`MatchStatus`), whose own row (domain/match_status.py) gives the
category, suggested action and remark.
"""
