"""People: departments, employees, absences and who covers for whom."""
