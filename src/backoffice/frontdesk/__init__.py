"""Front desk: calls, transfers, messages, the shared inbox and fax."""
