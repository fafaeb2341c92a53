-- One row per day and kind of contact (form, place, status, held, out of hours): how many
-- contacts. Every contact figure is a count of contacts by these columns, so a report without a
-- filter that names citizens (their characteristics or referral source) counts these rows
-- instead of every contact (warehouse/kpis.py): a national warehouse's 9.2 million contacts
-- are a few hundred thousand such days.

with

contacts as (
    select * from {{ ref('fct_contacts') }}
),

final as (
    select
        contact_date,
        contact_form,
        place,
        status,
        is_held,
        is_out_of_hours,
        count(*) as contacts
    from contacts
    group by contact_date, contact_form, place, status, is_held, is_out_of_hours
)

select * from final
