"""The bottom layer: the error hierarchy and definitions every other layer shares."""
