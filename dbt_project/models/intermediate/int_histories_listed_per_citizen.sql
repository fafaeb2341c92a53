-- Each citizen with an episode, once: their episodes (ranked as kpis.md picks the one that
-- stands for them, with where each came from), their housing registrations and the months
-- their episodes run, each as a list. A table, collected at build: a period's citizens in
-- contact, their chosen episode, housing and contact cadence are then read from one row per
-- citizen (int_episodes_chosen_per_period and the rules after it), where joining the three to
-- every period and citizen took half of a requested period's time.

{{ config(materialized='table') }}

with

ranked_episodes as (
    select * from {{ ref('int_episodes_ranked_per_citizen') }}
),

episodes as (
    select * from {{ ref('fct_episodes') }}
),

registrations as (
    select * from {{ ref('fct_housing_registrations') }}
),

citizen_months as (
    select * from {{ ref('fct_citizen_months') }}
),

episodes_listed as (
    select
        ranked_episodes.citizen_id,
        list(
            struct_pack(
                rank_in_citizen := ranked_episodes.rank_in_citizen,
                episode_id := ranked_episodes.episode_id,
                start_date := ranked_episodes.start_date,
                end_date := ranked_episodes.end_date,
                end_reason := ranked_episodes.end_reason,
                origin_referral_source := episodes.origin_referral_source
            )
            -- best ranked first: the first of them overlapping a period stands for the citizen
            order by ranked_episodes.rank_in_citizen
        ) as episodes
    from ranked_episodes
    inner join episodes
        on ranked_episodes.episode_id = episodes.episode_id
    group by ranked_episodes.citizen_id
),

registrations_listed as (
    select
        citizen_id,
        list(
            struct_pack(
                registered_on := registered_on,
                valid_until := valid_until,
                housing_situation := housing_situation,
                is_homeless := is_homeless,
                follows_homelessness := follows_homelessness
            )
        ) as registrations
    from registrations
    group by citizen_id
),

months_listed as (
    select
        citizen_id,
        list(
            struct_pack(
                month_start := month_start,
                running_days := running_days,
                held_days := held_days,
                in_person_days := in_person_days
            )
        ) as months
    from citizen_months
    group by citizen_id
),

final as (
    select
        episodes_listed.citizen_id,
        episodes_listed.episodes,
        registrations_listed.registrations,
        months_listed.months
    from episodes_listed
    left join registrations_listed
        on episodes_listed.citizen_id = registrations_listed.citizen_id
    left join months_listed
        on episodes_listed.citizen_id = months_listed.citizen_id
)

select * from final
