"""The bottom layer: every word in both languages, the problem codes and the exception family.

It imports nothing else of the library; every other layer may import it.
"""
