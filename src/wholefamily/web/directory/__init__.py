"""The directory of local services and family hubs: who each is for, the needs it serves (the framework's
headlines), the area it serves, how to reach it and how to refer; suggested on a family's pages by need and area,
and exchanged with council directories in the Open Referral UK data standard (``oruk.py``)."""
