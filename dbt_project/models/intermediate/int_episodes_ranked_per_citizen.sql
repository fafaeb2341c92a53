-- Each citizen's episodes ranked as kpis.md picks the one that stands for the citizen in a
-- period: the latest start first, on a tie the highest forloeb_id (read as people read ids).
-- A table, ranked once at build: a period's choice (int_episodes_joined_to_periods) is then
-- the lowest rank among the episodes overlapping it, an integer to compare. Ordering by start
-- and padded id at every query took a third of a requested period's time.

{{ config(materialized='table') }}

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

ranked as (
    select
        episode_id,
        citizen_id,
        start_date,
        end_date,
        end_reason,
        row_number() over (
            partition by citizen_id
            order by start_date desc, {{ id_order('episode_id') }} desc
        ) as rank_in_citizen
    from episodes
),

final as (
    select * from ranked
)

select * from final
