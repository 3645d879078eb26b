"""The data files in `newsroom/data/`, loaded and checked once per build into `Rules`.

    rules     sources.yml and fields.yml -> cleaning rules per source; load_rules reads every file
    taxonomy  topics.yml and entities.yml -> terms and their alias matcher
    money     money.yml and rates.yml -> the grammar of amounts of money and exchange rates
"""
