"""infralint: a static security linter for Terraform, CloudFormation and docker-compose."""

__version__ = "0.1.0"
