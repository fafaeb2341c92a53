-- Per period and citizen in contact: the situation at the period's start and end, and the two
-- homelessness events of kpis.md. Only the citizens in contact: every citizen with a
-- registration, in contact or not, took a third more of a requested period's time.

with

-- the registrations as built once, each with the one before it (not sequenced again per query)
registrations as (
    select * from {{ ref('fct_housing_registrations') }}
),

episode_periods as (
    select * from {{ ref('int_episodes_joined_to_periods') }}
),

citizen_periods as (
    select distinct
        period_start,
        period_end,
        citizen_id
    from episode_periods
),

-- The situation on a date: the registration that holds that day (kpis.md).
situation_at_start as (
    select
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.citizen_id,
        registrations.housing_situation
    from citizen_periods
    inner join registrations
        on
            citizen_periods.citizen_id = registrations.citizen_id
            and citizen_periods.period_start between registrations.registered_on
            and coalesce(registrations.valid_until, citizen_periods.period_start)
),

situation_at_end as (
    select
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.citizen_id,
        registrations.housing_situation,
        registrations.is_homeless
    from citizen_periods
    inner join registrations
        on
            citizen_periods.citizen_id = registrations.citizen_id
            and citizen_periods.period_end between registrations.registered_on
            and coalesce(registrations.valid_until, citizen_periods.period_end)
),

events_in_period as (
    select
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.citizen_id,
        bool_or(
            registrations.housing_situation in ('egen_bolig', 'botilbud')
            and registrations.follows_homelessness
        ) as was_housed_after_homelessness,
        bool_or(registrations.housing_situation = 'gaden') as has_gaden_registration
    from citizen_periods
    inner join registrations
        on
            citizen_periods.citizen_id = registrations.citizen_id
            and registrations.registered_on between citizen_periods.period_start
            and citizen_periods.period_end
    group by citizen_periods.period_start, citizen_periods.period_end, citizen_periods.citizen_id
),

final as (
    select
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.citizen_id,
        coalesce(situation_at_start.housing_situation, 'ukendt') as situation_at_start,
        coalesce(situation_at_end.housing_situation, 'ukendt') as situation_at_end,
        coalesce(situation_at_end.is_homeless, false) as is_homeless_at_end,
        coalesce(events_in_period.was_housed_after_homelessness, false)
            as was_housed_after_homelessness,
        coalesce(events_in_period.has_gaden_registration, false)
        or coalesce(situation_at_start.housing_situation = 'gaden', false) as slept_rough
    from citizen_periods
    left join situation_at_start
        on
            citizen_periods.period_start = situation_at_start.period_start
            and citizen_periods.period_end = situation_at_start.period_end
            and citizen_periods.citizen_id = situation_at_start.citizen_id
    left join situation_at_end
        on
            citizen_periods.period_start = situation_at_end.period_start
            and citizen_periods.period_end = situation_at_end.period_end
            and citizen_periods.citizen_id = situation_at_end.citizen_id
    left join events_in_period
        on
            citizen_periods.period_start = events_in_period.period_start
            and citizen_periods.period_end = events_in_period.period_end
            and citizen_periods.citizen_id = events_in_period.citizen_id
)

select * from final
