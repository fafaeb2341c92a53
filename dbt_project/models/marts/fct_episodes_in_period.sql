-- One row per period and episode overlapping it (startdato <= end and slutdato blank or >=
-- start). The periods are those of fct_citizens_in_period: the calendar years and, when the
-- querying connection sets them, a requested period and the one it is compared with. The
-- episode that stands for its citizen in a period, and its duration bucket, are
-- fct_citizens_in_period's (chosen_episode_id, duration_bucket).

{{ config(materialized='view') }}

with

episodes_in_periods as (
    select * from {{ ref('int_episodes_joined_to_periods') }}
),

final as (
    select
        period_start,
        period_end,
        episode_id,
        citizen_id
    from episodes_in_periods
)

select * from final
