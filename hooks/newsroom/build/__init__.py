"""Orchestration: the seeds folder through every stage, with the caches and worker processes.

    pipeline  the whole build, stage by stage
    cache     what is kept between runs (.cache/newsroom/); version: the code digests in its keys
    workers   new seeds processed in worker processes when there are many
"""
