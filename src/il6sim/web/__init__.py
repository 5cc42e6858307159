"""The il6sim web app: a thin layer over the same Python API the command line uses.

* :mod:`il6sim.web.app`: the FastAPI application (JSON API and pages);
* :mod:`il6sim.web.pool`: the worker pool that runs simulations off the request
  thread, bounded in time and in the number of waiting jobs;
* :mod:`il6sim.web.tasks`: the picklable jobs the workers run (load and run a
  protocol, render figures, read lab tables); they return plain data or a
  problem list, never raise for bad input;
* :mod:`il6sim.web.figures`: figures as PNG/SVG text from :mod:`il6sim.report`.

Start it with ``il6sim serve`` (or ``make serve``).
"""
