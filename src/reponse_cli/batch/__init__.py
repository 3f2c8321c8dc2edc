"""`reponse lot`: a whole export of tickets in, a draft (or a reason to look) per ticket out.

`readers` turn each export into a stream of `Ticket`s, `pipeline` drafts each one
through the drafting `Worker` (one per process), `writers` keep the results on disk so
that an interrupted run resumes, and `summary` counts what was done.
"""
