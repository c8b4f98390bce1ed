"""Supplies and purchasing: count it, compare with what is needed, order more."""
