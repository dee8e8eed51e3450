"""The network's own set-up (domain): its libraries and their opening hours, places, staff
accounts with their one-time links, and the history of each administrative change. What other
areas may use is imported here."""
from models.network.branches import all_branches, branch_detail, close_branch, logo_bytes, logo_of, remove_logo, save_branch, save_logo, validate_branch
from models.network.hours import week_rows
from models.network.places import place_detail, places_for, save_place, set_place_active, validate_place
from models.network.history import changed_fields, record as record_history
from models.network.setup import is_set_up, network_name, set_up
from models.network.staff import invite, set_staff_active, staff_detail, staff_list, update_staff, validate_staff

__all__ = [
    "all_branches", "branch_detail", "close_branch", "logo_bytes", "logo_of", "remove_logo", "save_logo", "changed_fields", "invite", "record_history", "is_set_up", "network_name", "set_up", "place_detail", "places_for", "save_branch",
    "save_place", "set_place_active", "set_staff_active", "staff_detail", "staff_list", "update_staff", "validate_branch",
    "validate_place", "validate_staff", "week_rows",
]
