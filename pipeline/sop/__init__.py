"""The SOP as data: sop.yml (people, roles, steps, chains) and the policy that evaluates a change.

Pure: nothing here does I/O beyond reading the text it is given.
"""
