"""Office equipment: asset register, meters over SNMP, repairs and preventive maintenance."""
