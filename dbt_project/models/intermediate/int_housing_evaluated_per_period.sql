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

-- every registration that holds on a day of the period: the one holding on its first day,
-- those dated in it, and the one holding on its last day are all among them (one join, where
-- joining for each of the three took a fifth more of a requested period's time)
holding_in_period as (
    select
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.citizen_id,
        registrations.registered_on,
        registrations.valid_until,
        registrations.housing_situation,
        registrations.is_homeless,
        registrations.follows_homelessness
    from citizen_periods
    inner join registrations
        on
            citizen_periods.citizen_id = registrations.citizen_id
            and citizen_periods.period_end >= registrations.registered_on
            and citizen_periods.period_start
            <= coalesce(registrations.valid_until, citizen_periods.period_end)
),

-- The situation on a date: the registration that holds that day (kpis.md); at most one does
-- (a citizen's registrations have distinct dates, each holding until the day before the next).
evaluated as (
    select
        period_start,
        period_end,
        citizen_id,
        any_value(housing_situation) filter (where registered_on <= period_start)
            as situation_at_start,
        any_value(housing_situation) filter (
            where coalesce(valid_until, period_end) >= period_end
        ) as situation_at_end,
        any_value(is_homeless) filter (
            where coalesce(valid_until, period_end) >= period_end
        ) as is_homeless_at_end,
        bool_or(
            registered_on >= period_start
            and housing_situation in ('egen_bolig', 'botilbud')
            and follows_homelessness
        ) as was_housed_after_homelessness,
        bool_or(registered_on >= period_start and housing_situation = 'gaden')
            as has_gaden_registration
    from holding_in_period
    group by period_start, period_end, citizen_id
),

final as (
    select
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.citizen_id,
        coalesce(evaluated.situation_at_start, 'ukendt') as situation_at_start,
        coalesce(evaluated.situation_at_end, 'ukendt') as situation_at_end,
        coalesce(evaluated.is_homeless_at_end, false) as is_homeless_at_end,
        coalesce(evaluated.was_housed_after_homelessness, false)
            as was_housed_after_homelessness,
        coalesce(evaluated.has_gaden_registration, false)
        or coalesce(evaluated.situation_at_start = 'gaden', false) as slept_rough
    from citizen_periods
    left join evaluated
        on
            citizen_periods.period_start = evaluated.period_start
            and citizen_periods.period_end = evaluated.period_end
            and citizen_periods.citizen_id = evaluated.citizen_id
)

select * from final
