"""Thin views of the repair pages, one module per concern: parse, call a service, show the result or what to fix.

lists      the order list
intake     taking items in
detail     one order's page
actions    the POST actions on one order
pickup     the pickup desk
files      private photos and signatures
catalogue  the chain's service catalogue
ladder     the unclaimed list and moving a pickup deadline
printing   receipts, tags, pickup slips and the print settings
"""
