"""Keeping worlds across restarts: the state log, its records and their replay.

A world is a function of its scenario, its seed and what it was asked, in order. The state log
keeps exactly that (docs in README "Keeping state"): a header, then one record per world made,
reset or dropped, per request that may change a world (written before the world applies it), and
per webhook attempt's outcome (what a receiver answered is the one input from outside). A
restart replays the records through the same routes and world operations, with the receivers'
recorded answers, and gets the same world.
"""
