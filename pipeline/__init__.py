"""Xiaoer's pipeline: typed events, the shop store, retrieval, the guarded answer and the turn loop.

This package never imports a UI toolkit; front ends adapt its event stream.
"""
