"""Procedure day: harvest, processing, QC release, bedside verification and administration."""
