"""The sync between the warehouse and the casework database, both ways.

``wholefamily publish`` (``publish_command.py``) copies an identify run's families into casework
(``publish.py``, each table kept in step by ``table_sync.py``); ``wholefamily export-casework`` (``export_command.py``) sends the families and people
recorded by hand back to the pipeline as a partner extract (``casework_extract.py``). The web application
itself never opens the warehouse.
"""
