"""The advice log with its follow-ups, UWV wage sanctions and the Poortwachter guarantee's evaluation."""
