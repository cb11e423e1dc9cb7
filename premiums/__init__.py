"""Products, policies, premium calculation and claims."""
