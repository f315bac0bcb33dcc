"""What changed since the last board: a digest, from the data and the reports, of what moved between two board
meetings (ratings, measures, milestones, risks, reports and loads), most important first."""
