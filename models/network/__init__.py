"""The network's own set-up (domain): its libraries and their opening hours, places, staff
accounts with their one-time links, and the history of each administrative change. What other
areas may use is imported here."""
from models.network.branches import all_branches, branch_detail
from models.network.hours import week_rows
from models.network.setup import is_set_up, network_name

__all__ = ["all_branches", "branch_detail", "is_set_up", "network_name", "week_rows"]
