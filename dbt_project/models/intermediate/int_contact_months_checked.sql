-- Per period and citizen in contact: the calendar months their episodes ran within the period,
-- up to the data's last day (a month the episode ran part of counts), and whether each had a
-- held contact, and a held contact in person. The quality standard's contact cadence: outreach
-- "once a month or several times a week" (README, "The quality standard followed up").

with

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

citizen_months as (
    select * from {{ ref('fct_citizen_months') }}
),

-- each month the period reaches, with the days of it the period covers as bits, as
-- fct_citizen_months writes its days (macros/days_as_bits.sql): every day but in the
-- period's first and last month
covered as (
    select
        periods.period_start,
        periods.period_end,
        citizen_months.citizen_id,
        citizen_months.month_start,
        citizen_months.running_days,
        citizen_months.held_days,
        citizen_months.in_person_days,
        {{ days_as_bits(
            'citizen_months.month_start', 'periods.period_start', 'periods.period_end'
        ) }} as period_days
    from citizen_months
    inner join periods
        on
            citizen_months.month_start >= date_trunc('month', periods.period_start)
            and citizen_months.month_start <= periods.period_end
),

-- a month counts when an episode runs on a day of it the period covers
checked as (
    select
        period_start,
        period_end,
        citizen_id,
        month_start,
        held_days & period_days <> 0 as had_contact,
        in_person_days & period_days <> 0 as had_contact_in_person
    from covered
    where running_days & period_days <> 0
),

final as (
    select
        period_start,
        period_end,
        citizen_id,
        count(*) as months_running,
        count(*) filter (where had_contact) as months_with_contact,
        count(*) filter (where had_contact_in_person) as months_with_contact_in_person,
        case
            when count(*) filter (where had_contact_in_person) = count(*)
                then 'hver_maaned_personligt'
            when count(*) filter (where had_contact) = count(*) then 'hver_maaned'
            else 'ikke_hver_maaned'
        end as contact_cadence
    from checked
    group by period_start, period_end, citizen_id
)

select * from final
