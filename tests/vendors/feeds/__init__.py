"""Hand-written feed files for the importer tests, and a loopback image server."""
