-- Per period and citizen with housing registrations: the situation at the period's start and
-- end, and the two homelessness events of kpis.md.

with

registrations as (
    select * from {{ ref('int_housing_registrations_sequenced') }}
),

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

citizen_periods as (
    select distinct
        periods.period_start,
        periods.period_end,
        registrations.citizen_id,
    from periods
    cross join registrations
),

-- A situation holds from its registration until the next registration.
situation_on as (
    select
        citizen_periods.period_start,
        citizen_periods.citizen_id,
        max(
            case
                when
                    registrations.registered_on <= citizen_periods.period_start
                    and (
                        registrations.next_registered_on is null
                        or registrations.next_registered_on > citizen_periods.period_start
                    )
                    then registrations.housing_situation
            end
        ) as situation_at_start,
        max(
            case
                when
                    registrations.registered_on <= citizen_periods.period_end
                    and (
                        registrations.next_registered_on is null
                        or registrations.next_registered_on > citizen_periods.period_end
                    )
                    then registrations.housing_situation
            end
        ) as situation_at_end,
        bool_or(
            registrations.registered_on <= citizen_periods.period_end
            and (
                registrations.next_registered_on is null
                or registrations.next_registered_on > citizen_periods.period_end
            )
            and registrations.is_homeless
        ) as is_homeless_at_end,
        bool_or(
            registrations.registered_on between citizen_periods.period_start
            and citizen_periods.period_end
            and registrations.housing_situation in ('egen_bolig', 'botilbud')
            and coalesce(registrations.previous_is_homeless, false)
        ) as was_housed_after_homelessness,
        bool_or(
            registrations.registered_on between citizen_periods.period_start
            and citizen_periods.period_end
            and registrations.housing_situation = 'gaden'
        ) as slept_rough_in_period,
    from citizen_periods
    inner join registrations
        on citizen_periods.citizen_id = registrations.citizen_id
    group by citizen_periods.period_start, citizen_periods.citizen_id
),

final as (
    select
        period_start,
        citizen_id,
        coalesce(situation_at_start, 'ukendt') as situation_at_start,
        coalesce(situation_at_end, 'ukendt') as situation_at_end,
        coalesce(is_homeless_at_end, false) as is_homeless_at_end,
        coalesce(was_housed_after_homelessness, false) as was_housed_after_homelessness,
        coalesce(slept_rough_in_period, false)
        or coalesce(situation_at_start = 'gaden', false) as slept_rough,
    from situation_on
)

select * from final
