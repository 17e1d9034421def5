"""The commands of `portfolio`, by what they work on; generator/cli.py puts them together."""
