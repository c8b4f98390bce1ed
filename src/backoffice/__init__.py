"""backoffice: the software a company's back office runs its day on."""

__version__ = "0.1.0"
