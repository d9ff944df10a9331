"""The books ITC register (purchase register): any common export -> Books frame."""
