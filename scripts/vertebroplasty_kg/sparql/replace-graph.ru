# Replace $target by $staging in one request: MOVE drops the target, copies the staging graph into it
# and drops the staging graph.
MOVE $staging TO $target
